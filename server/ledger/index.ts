export { checkLedger, type Violation } from "./check";
export { captureHold, credit, debit, placeHold, releaseHold, reverseJournal, transfer } from "./operations";
export { createCustomerWallet, getAccountWallet, getSystemWallet, systemBalance } from "./wallets";
