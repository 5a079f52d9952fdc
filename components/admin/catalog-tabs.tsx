import { SubNav } from "@/components/ui/sub-nav";

/** The catalog's sections, in their own module so a section's page does not bundle another's. */
export function CatalogTabs() {
  return (
    <SubNav
      label="Catalog"
      className="mb-4 border-b-0"
      items={[
        { href: "/admin/catalog", label: "Operators" },
        { href: "/admin/catalog/commissions", label: "Commission slabs" },
      ]}
    />
  );
}
