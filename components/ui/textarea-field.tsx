import type { TextareaHTMLAttributes } from 'react';
import { FieldErrors } from './field';

export function TextareaField({
  name,
  label,
  errors,
  hint,
  id,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; label: string; errors?: string[]; hint?: string }) {
  const areaId = id ?? `field-${name}`;
  const describedBy = [hint ? `${areaId}-hint` : null, errors?.length ? `${areaId}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={areaId} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={areaId}
        name={name}
        rows={4}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="rounded border border-slate-300 px-3 py-2 font-mono text-sm shadow-sm aria-invalid:border-red-600"
        {...area}
      />
      {hint ? (
        <p id={`${areaId}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={`${areaId}-error`} errors={errors} />
    </div>
  );
}
