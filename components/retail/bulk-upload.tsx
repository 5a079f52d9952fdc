"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { downloadCsv, downloadFile } from "@/components/ui/csv";
import { type Column, DataTable } from "@/components/ui/data-table";
import { errorMessage } from "@/components/ui/errors";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { toast } from "@/components/ui/toast";
import { formatAmount, parseAmount } from "@/server/lib/money";

const CHUNK = 50;
const MAX_BYTES = 200_000;
const SAMPLE = "number,amount,operator\n01712345678,20,GP\n01812345678,50,\n01912345678,100,BL\n";

type RowError = { code: string; message: string };
type Rejected = { row: number; phone: string; amount: string; operator?: string | null; reason: string };
type PreviewRow = { row: number; phone: string; amount: string; operator: string | null; valid: boolean; target: string | null; error: RowError | null };
type ResultRow = { row: number; phone: string; operator: string | null; amount: string; status: string; detail: string; rechargeId: string | null; operatorTxn: string | null };

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max ? Math.round((value / max) * 100) : 0;
  return (
    <div>
      <div className="mb-1 flex justify-between text-sm">
        <span id="bulk-progress-label" className="font-medium">
          {label}
        </span>
        <span className="tabular-nums text-slate-600">{pct}%</span>
      </div>
      <div role="progressbar" aria-labelledby="bulk-progress-label" aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} className="h-3 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Upload → server-side preview → submit in chunks → progress while orders run → per-row results as CSV. */
export function BulkUpload() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ batch_id: string; currency: string; rows: PreviewRow[]; summary: { rows: number; valid: number; invalid: number; total_amount: string; balance_available: string; enough_balance: boolean } } | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [placed, setPlaced] = useState(0);
  const [placing, setPlacing] = useState(false);
  const [placeErrors, setPlaceErrors] = useState<Record<number, RowError>>({});
  const [stalled, setStalled] = useState(false);
  // Rows the duplicate guard stopped that the retailer chose to send anyway.
  const [anyway, setAnyway] = useState<Set<number>>(new Set());

  const validate = useMutation(trpc.retail.bulk.validate.mutationOptions());
  const submit = useMutation(trpc.retail.bulk.submit.mutationOptions());
  const batches = useQuery(trpc.retail.bulk.batches.queryOptions());
  const batch = useQuery(
    trpc.retail.bulk.batch.queryOptions({ batchId: batchId ?? "" }, { enabled: Boolean(batchId), refetchInterval: (q) => (q.state.data?.done && !placing ? false : 1500) }),
  );

  async function onFile(file: File | undefined) {
    setFileError(null);
    setPreview(null);
    setBatchId(null);
    if (!file) return;
    setFileName(file.name);
    if (file.size > MAX_BYTES) {
      setFileError(`The file is too large (at most ${MAX_BYTES / 1000} KB).`);
      return;
    }
    try {
      const result = await validate.mutateAsync({ csv: await file.text() });
      setPreview(result as typeof preview);
      setAnyway(new Set());
      setPlaced(0);
      setPlaceErrors({});
    } catch (error) {
      setFileError(errorMessage(error));
      toast.error("Could not read the file", errorMessage(error));
    } finally {
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  async function place() {
    if (!preview) return;
    const rows = preview.rows
      .filter((r) => r.valid || anyway.has(r.row))
      .map((r) => ({ row: r.row, phone: r.phone, amount: r.amount, operator: r.operator ?? undefined, ...(anyway.has(r.row) ? { allow_duplicate: true } : {}) }));
    const rejected: Rejected[] = preview.rows.filter((r) => !r.valid && !anyway.has(r.row)).map((r) => ({ row: r.row, phone: r.phone, amount: r.amount, operator: r.operator, reason: r.error?.message ?? "Invalid row" }));
    setBatchId(preview.batch_id);
    setPlacing(true);
    setStalled(false);
    setPlaced(0);
    try {
      for (let i = 0; i < rows.length; i += CHUNK) {
        // A chunk sent twice finds its orders again (same references): retrying is safe.
        // The first chunk carries the file's name and the refused rows, so the batch keeps them.
        const results = await submit.mutateAsync({ batchId: preview.batch_id, rows: rows.slice(i, i + CHUNK), ...(i === 0 ? { fileName: fileName ?? undefined, rejected } : {}) });
        const failed = results.filter((r) => r.error);
        if (failed.length) setPlaceErrors((prev) => ({ ...prev, ...Object.fromEntries(failed.map((r) => [r.row, r.error!])) }));
        setPlaced((n) => n + results.length);
      }
      toast.success("Batch submitted", `${rows.length} recharges are running in the background.`);
    } catch (error) {
      setStalled(true);
      toast.error("Submitting stopped", `${errorMessage(error)} Press Resume to send the rest.`);
    } finally {
      setPlacing(false);
      void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.retail.bulk.batches.queryKey() });
    }
  }

  const results = useMemo((): ResultRow[] => {
    const byRow = new Map((batch.data?.rows ?? []).map((r) => [r.row, r.recharge]));
    const fromPreview = preview?.batch_id === batchId ? preview.rows : null;
    const rows: ResultRow[] = [];
    if (fromPreview) {
      for (const p of fromPreview) {
        const r = byRow.get(p.row);
        if (r) rows.push({ row: p.row, phone: r.phone ?? p.phone, operator: r.operator, amount: r.amount, status: r.status, detail: r.failure_reason ?? "", rechargeId: r.id, operatorTxn: r.operator_transaction_id });
        else if (!p.valid && !anyway.has(p.row)) rows.push({ row: p.row, phone: p.phone, operator: p.operator, amount: p.amount, status: "not_sent", detail: p.error?.message ?? "Invalid row", rechargeId: null, operatorTxn: null });
        else if (placeErrors[p.row]) rows.push({ row: p.row, phone: p.phone, operator: p.operator, amount: p.amount, status: "not_placed", detail: placeErrors[p.row].message, rechargeId: null, operatorTxn: null });
        else rows.push({ row: p.row, phone: p.phone, operator: p.operator, amount: p.amount, status: "queued", detail: "", rechargeId: null, operatorTxn: null });
      }
    } else {
      for (const { row, recharge: r } of batch.data?.rows ?? []) rows.push({ row, phone: r.phone ?? "", operator: r.operator, amount: r.amount, status: r.status, detail: r.failure_reason ?? "", rechargeId: r.id, operatorTxn: r.operator_transaction_id });
      // A batch reopened later still lists the rows its file had that were not sent, and why.
      for (const r of batch.data?.rejected ?? []) rows.push({ row: r.row, phone: r.phone, operator: r.operator ?? null, amount: r.amount, status: "not_sent", detail: r.reason, rechargeId: null, operatorTxn: null });
      rows.sort((a, b) => a.row - b.row);
    }
    return rows;
  }, [batch.data, preview, batchId, placeErrors, anyway]);

  const sendable = (preview?.summary.valid ?? 0) + anyway.size;
  const currencyOf = preview?.currency ?? "";
  const sendTotal = preview ? formatAmount(preview.rows.filter((r) => r.valid || anyway.has(r.row)).reduce((sum, r) => sum + (parseAmount(r.amount, currencyOf) ?? 0n), 0n), currencyOf) : "0.00";
  const counts = batch.data?.counts;
  const batchTitle = (preview?.batch_id === batchId ? fileName : null) ?? batch.data?.file_name ?? null;
  const total = preview?.batch_id === batchId ? sendable : (counts?.total ?? 0);
  const finished = (counts?.final ?? 0) + Object.keys(placeErrors).length;
  const allDone = Boolean(batchId) && !placing && finished >= total && total > 0;
  // Failed rows give their money back when they end: show the balance as it is then.
  useEffect(() => {
    if (!allDone) return;
    void queryClient.invalidateQueries({ queryKey: trpc.me.balance.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.retail.bulk.batches.queryKey() });
  }, [allDone, queryClient, trpc]);

  function download() {
    if (!batchId) return;
    downloadCsv(`bulk-${batchId}-results.csv`, [
      ["row", "number", "operator", "amount", "result", "detail", "recharge_id", "operator_transaction_id"],
      ...results.map((r) => [r.row, r.phone, r.operator, r.amount, r.status, r.detail, r.rechargeId, r.operatorTxn]),
    ]);
  }

  const previewColumns: Column<PreviewRow>[] = [
    { key: "row", header: "Row", cell: (r) => r.row, className: "tabular-nums text-slate-500" },
    { key: "phone", header: "Number", cell: (r) => <span className="font-medium tabular-nums">{r.target ?? r.phone}</span>, mobile: "title" },
    { key: "operator", header: "Operator", cell: (r) => r.operator ?? "—" },
    { key: "amount", header: "Amount", cell: (r) => r.amount || "—", align: "right", className: "tabular-nums" },
    {
      key: "check",
      header: "Check",
      cell: (r) =>
        r.valid ? (
          <StatusBadge status="ok" label="Ready" />
        ) : r.error?.code === "duplicate_recharge" ? (
          <div className="max-w-md">
            <p className="text-amber-800">{r.error.message}</p>
            <label className="mt-1 inline-flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                className="h-4 w-4 accent-brand-600"
                checked={anyway.has(r.row)}
                onChange={(e) =>
                  setAnyway((prev) => {
                    const next = new Set(prev);
                    if (e.target.checked) next.add(r.row);
                    else next.delete(r.row);
                    return next;
                  })
                }
              />
              Send anyway
            </label>
          </div>
        ) : (
          <span className="text-red-700">{r.error?.message}</span>
        ),
    },
  ];
  const resultColumns: Column<ResultRow>[] = [
    { key: "row", header: "Row", cell: (r) => r.row, className: "tabular-nums text-slate-500" },
    { key: "phone", header: "Number", cell: (r) => <span className="font-medium tabular-nums">{r.phone}</span>, mobile: "title" },
    { key: "operator", header: "Operator", cell: (r) => r.operator ?? "—" },
    { key: "amount", header: "Amount", cell: (r) => r.amount, align: "right", className: "tabular-nums" },
    {
      key: "result",
      header: "Result",
      cell: (r) => (
        <div>
          <StatusBadge status={r.status === "not_sent" || r.status === "not_placed" ? "rejected" : r.status === "queued" ? "pending" : r.status} label={r.status === "not_sent" ? "Not sent" : r.status === "not_placed" ? "Not placed" : r.status === "queued" ? "Queued" : undefined} />
          {r.detail && <p className="mt-1 max-w-xs text-xs text-slate-600">{r.detail}</p>}
        </div>
      ),
    },
  ];

  return (
    <div className="space-y-6">
      <Card title="Upload a file" description="A CSV with one recharge per line: number, amount and, optionally, the operator. Up to 500 rows.">
        <div className="flex flex-wrap items-center gap-3">
          <label htmlFor="bulk-file" className="sr-only">
            CSV file
          </label>
          <input
            ref={fileInput}
            id="bulk-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => void onFile(e.target.files?.[0])}
            disabled={validate.isPending || placing}
            className="block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-brand-600 file:px-4 file:py-2 file:font-medium file:text-white hover:file:bg-brand-700 sm:w-auto"
          />
          <Button variant="ghost" size="sm" onClick={() => downloadFile("refill-bulk-sample.csv", SAMPLE)}>
            Download a sample
          </Button>
        </div>
        {validate.isPending && <p className="mt-3 text-sm text-slate-600">Checking {fileName}…</p>}
        {fileError && (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {fileError}
          </p>
        )}
      </Card>

      {preview && batchId !== preview.batch_id && (
        <Card
          title={`Preview of ${fileName ?? "the file"}`}
          description={`${preview.summary.valid} ready · ${preview.summary.invalid} with problems · total ${preview.summary.total_amount} ${preview.currency}`}
          bodyClassName="p-0"
        >
          {!preview.summary.enough_balance && (
            <p role="alert" className="mx-5 mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Your balance ({preview.summary.balance_available} {preview.currency}) does not cover all the ready rows; the last ones will be refused.
            </p>
          )}
          <DataTable caption="Rows of the uploaded file" columns={previewColumns} rows={preview.rows} rowKey={(r) => String(r.row)} rowTestId={(r) => `preview-row-${r.row}`} />
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 px-5 py-4">
            <Button size="lg" onClick={() => void place()} disabled={sendable === 0} loading={placing}>
              Recharge {sendable} {sendable === 1 ? "number" : "numbers"} ({sendTotal} {preview.currency})
            </Button>
            {preview.summary.invalid > 0 && <p className="text-sm text-slate-500">Rows with problems are skipped. Fix them and upload again.</p>}
          </div>
        </Card>
      )}

      {batchId && (
        <Card
          title={`Batch progress${batchTitle ? `: ${batchTitle}` : ""}`}
          description={<span className="break-all">{batchId}</span>}
          actions={
            <Button variant="secondary" size="sm" onClick={download} disabled={results.length === 0}>
              Download results (CSV)
            </Button>
          }
          bodyClassName="p-0"
        >
          <div className="space-y-2 px-5 py-4" data-testid="bulk-progress">
            <ProgressBar
              value={Math.min(finished, total)}
              max={total}
              label={placing ? `Placing orders: ${placed} of ${total}` : allDone ? "All done" : `Running: ${finished} of ${total} finished`}
            />
            {counts && (
              <p className="text-sm text-slate-600" data-testid="bulk-counts">
                {counts.succeeded} succeeded · {counts.failed} failed · {counts.pending} in progress
                {Object.keys(placeErrors).length > 0 && ` · ${Object.keys(placeErrors).length} not placed`}
              </p>
            )}
            {stalled && !placing && (
              <Button variant="secondary" size="sm" onClick={() => void place()}>
                Resume
              </Button>
            )}
          </div>
          <DataTable caption="Results by row" columns={resultColumns} rows={results} rowKey={(r) => String(r.row)} loading={batch.isPending} rowTestId={(r) => `result-row-${r.row}`} />
        </Card>
      )}

      <Card title="Recent batches" bodyClassName="p-0">
        {batches.data && batches.data.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No batches yet">Upload a file above to recharge many numbers at once.</EmptyState>
          </div>
        ) : (
          <DataTable
            caption="Recent bulk batches"
            loading={batches.isPending}
            error={batches.isError ? errorMessage(batches.error) : null}
            rows={batches.data}
            rowKey={(b) => b.batch_id}
            columns={[
              { key: "file", header: "File", cell: (b) => <span className="break-all font-medium">{b.file_name ?? "—"}</span>, mobile: "title" },
              { key: "when", header: "Uploaded", cell: (b) => formatDateTime(b.created_at) },
              { key: "rows", header: "Rows", cell: (b) => b.total, align: "right", className: "tabular-nums" },
              { key: "amount", header: "Amount", cell: (b) => `${b.amount} ${b.currency}`, align: "right", className: "tabular-nums" },
              // The same words and counts as the batch's progress line.
              { key: "outcome", header: "Outcome", cell: (b) => `${b.succeeded} succeeded · ${b.failed} failed · ${b.pending} in progress` },
              {
                key: "view",
                header: <span className="sr-only">Actions</span>,
                mobile: "actions",
                cell: (b) => (
                  <Button variant="ghost" size="sm" onClick={() => setBatchId(b.batch_id)} aria-label={`View batch ${b.file_name ?? formatDateTime(b.created_at)}`}>
                    View
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
