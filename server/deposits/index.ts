// USDT (TRC20) wallet top-ups: addresses from an xpub, chain intake, crediting, seed interface.
export { CreateDepositInput, createDeposit, issueDepositAddress } from "./create";
export { ChainNotification, expireDueDeposits, receiveChainNotification } from "./intake";
export { SetUsdtRateInput, listUsdtRates, rateInForce, setUsdtRate } from "./rates";
export { ResolveDepositInput, resolveDeposit } from "./admin";
export { ListDepositsQuery, depositObject, getDeposit, listDeposits } from "./view";
export { depositQrSvg } from "./qr";
