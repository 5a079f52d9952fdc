"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };

/** A scrollable row of tabs; the current page is marked for assistive tech too. */
export function SubNav({ items, label, className = "" }: { items: NavItem[]; label: string; className?: string }) {
  const pathname = usePathname();
  // The longest matching href wins, so /retail does not stay active on /retail/history.
  const active = items.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label={label} className={`-mx-4 overflow-x-auto border-b border-slate-200 px-4 print:hidden ${className}`}>
      <ul className="flex min-w-max gap-1">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={item.href === active ? "page" : undefined}
              className={`-mb-px block border-b-2 px-3 py-2.5 text-sm font-medium ${item.href === active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
