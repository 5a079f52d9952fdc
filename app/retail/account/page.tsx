import { AccountPage } from "@/components/account/account-page";

export const metadata = { title: "Your account" };

export default AccountPage;
