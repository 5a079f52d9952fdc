"use client";
import { useState } from "react";
import { Button, type ButtonProps } from "./button";
import { toast } from "./toast";

/** Copies `value` to the clipboard and says so (the label turns to "Copied" for a moment). */
export function CopyButton({ value, label = "Copy", what, ...props }: { value: string; label?: string; what?: string } & Omit<ButtonProps, "onClick" | "value">) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
      toast.success(`${what ?? "Value"} copied`);
    } catch {
      toast.error("Could not copy", "Select the text and copy it by hand.");
    }
  }
  return (
    <Button variant="secondary" size="sm" onClick={copy} aria-label={what ? `${label} ${what.toLowerCase()}` : label} {...props}>
      {copied ? "Copied" : label}
    </Button>
  );
}
