import { HDKey } from "@scure/bip32";
import { mnemonicToSeedSync } from "@scure/bip39";
import { describe, expect, it } from "vitest";
import { DEV_DEPOSIT_XPUB, deriveTronAddress, isTronAddress, tronAddressOfPublicKey } from "./tron";

// The published BIP39 test mnemonic; TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH is the address wallets (TronLink,
// Trust Wallet, TronWeb) give for it at m/44'/195'/0'/0/0.
const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

describe("TRON address derivation from an xpub", () => {
  it("gives the known addresses of the test mnemonic's xpub", () => {
    expect(deriveTronAddress(DEV_DEPOSIT_XPUB, 0)).toBe("TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH");
    expect(deriveTronAddress(DEV_DEPOSIT_XPUB, 1)).toBe("TSeJkUh4Qv67VNFwY8LaAxERygNdy6NQZK");
    expect(deriveTronAddress(DEV_DEPOSIT_XPUB, 2)).toBe("TYJPRrdB5APNeRs4R7fYZSwW3TcrTKw2gx");
  });

  it("the dev xpub is m/44'/195'/0' of the test mnemonic, and public derivation equals private derivation", () => {
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC));
    expect(root.derive("m/44'/195'/0'").publicExtendedKey).toBe(DEV_DEPOSIT_XPUB);
    for (const i of [0, 7, 1000]) {
      const priv = root.derive(`m/44'/195'/0'/0/${i}`);
      expect(deriveTronAddress(DEV_DEPOSIT_XPUB, i)).toBe(tronAddressOfPublicKey(priv.publicKey!));
    }
  });

  it("refuses an extended private key and hardened or negative indexes", () => {
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC));
    expect(() => deriveTronAddress(root.derive("m/44'/195'/0'").privateExtendedKey, 0)).toThrow(/PUBLIC/);
    expect(() => deriveTronAddress(DEV_DEPOSIT_XPUB, -1)).toThrow(RangeError);
    expect(() => deriveTronAddress(DEV_DEPOSIT_XPUB, 0x80000000)).toThrow(RangeError);
  });

  it("validates base58check TRON addresses", () => {
    expect(isTronAddress("TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH")).toBe(true);
    expect(isTronAddress("TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdJ")).toBe(false); // checksum
    expect(isTronAddress("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")).toBe(false); // bitcoin
    expect(isTronAddress("")).toBe(false);
  });
});
