// TRON addresses from an extended public key (BIP32/BIP44, coin type 195), with audited libraries
// only. The server holds the account-level xpub (m/44'/195'/0'); order i gets m/44'/195'/0'/0/i.
import { HDKey } from "@scure/bip32";
import { createBase58check } from "@scure/base";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";

const base58check = createBase58check(sha256);
const TRON_PREFIX = 0x41;

/**
 * The account-level xpub of the published BIP39 test mnemonic "abandon ×11 about" (m/44'/195'/0').
 * Anyone can spend what is sent to its addresses: for development and tests only, never production.
 */
export const DEV_DEPOSIT_XPUB =
  "xpub6D1AabNHCupeiLM65ZR9UStMhJ1vCpyV4XbZdyhMZBiJXALQtmn9p42VTQckoHVn8WNqS7dqnJokZHAHcHGoaQgmv8D45oNUKx6DZMNZBCd";

const parsed = new Map<string, HDKey>();

function external(xpub: string): HDKey {
  let key = parsed.get(xpub);
  if (!key) {
    const account = HDKey.fromExtendedKey(xpub);
    if (account.privateKey) throw new Error("Configure an extended PUBLIC key (xpub…), never a private one.");
    key = account.deriveChild(0);
    parsed.set(xpub, key);
  }
  return key;
}

/** T… address of a 33-byte compressed secp256k1 public key: 0x41 ‖ keccak256(X‖Y)[12..], base58check. */
export function tronAddressOfPublicKey(compressed: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(compressed).toBytes(false);
  const hash = keccak_256(uncompressed.subarray(1));
  const payload = new Uint8Array(21);
  payload[0] = TRON_PREFIX;
  payload.set(hash.subarray(12), 1);
  return base58check.encode(payload);
}

/** The address of child `index` on the external chain of `xpub` (m/44'/195'/0'/0/index). */
export function deriveTronAddress(xpub: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 0x80000000) throw new RangeError("index must be a non-hardened child number");
  const child = external(xpub).deriveChild(index);
  if (!child.publicKey) throw new Error("Derivation produced no public key.");
  return tronAddressOfPublicKey(child.publicKey);
}

/** A well-formed mainnet TRON address: base58check, 21 bytes, prefix 0x41. */
export function isTronAddress(value: string): boolean {
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(value)) return false;
  try {
    const bytes = base58check.decode(value);
    return bytes.length === 21 && bytes[0] === TRON_PREFIX;
  } catch {
    return false;
  }
}
