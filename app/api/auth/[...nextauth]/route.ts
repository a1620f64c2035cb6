import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/session/auth';
import { withSafeCallbackUrl } from '@/lib/session/auth-route';

export const GET = async (request: NextRequest) => handlers.GET(await withSafeCallbackUrl(request));
export const POST = async (request: NextRequest) => handlers.POST(await withSafeCallbackUrl(request));
