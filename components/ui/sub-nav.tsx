"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";

export type NavItem = { href: string; label: string };

/**
 * A scrollable row of tabs; the current page is marked for assistive tech too. When tabs run past
 * the edge (a phone), the edge fades with an arrow so it is plain that the row scrolls, and the
 * current tab is scrolled into view.
 */
export function SubNav({ items, label, className = "" }: { items: NavItem[]; label: string; className?: string }) {
  const pathname = usePathname();
  const scroller = useRef<HTMLElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  // The longest matching href wins, so /retail does not stay active on /retail/history.
  const active = items.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setMore({ left: el.scrollLeft > 4, right: el.scrollLeft + el.clientWidth < el.scrollWidth - 4 });
    el.querySelector<HTMLElement>("[aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "center" });
    measure();
    el.addEventListener("scroll", measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      el.removeEventListener("scroll", measure);
      observer.disconnect();
    };
  }, [active]);

  return (
    <div className={`relative -mx-4 print:hidden ${className}`}>
      <nav ref={scroller} aria-label={label} className="overflow-x-auto border-b border-slate-200 px-4 [scrollbar-width:none]">
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
      {more.left && <span aria-hidden className="pointer-events-none absolute inset-y-0 left-0 flex w-10 items-center bg-gradient-to-r from-white to-transparent pl-1 text-slate-400">‹</span>}
      {more.right && (
        <span aria-hidden data-testid="nav-more" className="pointer-events-none absolute inset-y-0 right-0 flex w-12 items-center justify-end bg-gradient-to-l from-white via-white/80 to-transparent pr-1 text-lg text-slate-500">
          ›
        </span>
      )}
    </div>
  );
}
