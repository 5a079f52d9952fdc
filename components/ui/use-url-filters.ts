"use client";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * A list page's filters, kept in the URL: read from it on load (so Refresh, Back and a shared link
 * show the same list), written back as they change. The URL is replaced, not pushed, so Back leaves
 * the page instead of undoing one keystroke at a time.
 */
export function useUrlFilters<T extends Record<string, string>>(defaults: T): [T, (patch: Partial<T>) => void] {
  const params = useSearchParams();
  const [values, setValues] = useState<T>(() => {
    const out = { ...defaults };
    for (const key of Object.keys(defaults) as Array<keyof T & string>) out[key] = (params.get(key) ?? defaults[key]) as T[typeof key];
    return out;
  });
  const serialised = JSON.stringify(values);
  useEffect(() => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(values)) {
      if (value && value !== defaults[key]) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serialised]);
  return [values, (patch) => setValues((prev) => ({ ...prev, ...patch }))];
}
