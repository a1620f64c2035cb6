import type { ButtonHTMLAttributes } from 'react';

const tones = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-sky-400',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:bg-red-400',
} as const;

export function Button({
  tone = 'primary',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: keyof typeof tones }) {
  return (
    <button
      className={`inline-flex items-center justify-center rounded px-4 py-2 text-sm font-medium shadow-sm focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-1 ${tones[tone]} ${className}`}
      {...props}
    />
  );
}
