export function StatusBadge({ active, on = 'Active', off = 'Suspended' }: { active: boolean; on?: string; off?: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${active ? 'bg-emerald-100 text-emerald-800' : 'bg-amber-100 text-amber-900'}`}
    >
      {active ? on : off}
    </span>
  );
}
