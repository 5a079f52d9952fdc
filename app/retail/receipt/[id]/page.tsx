import { Receipt } from "@/components/retail/receipt";

export const metadata = { title: "Receipt" };

export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <h1 className="sr-only">Receipt</h1>
      <Receipt id={id} />
    </>
  );
}
