import { notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { redeemShareLink } from '@/lib/access/shareLinks';
import { getServices } from '@/lib/services';
import { currentPrincipal } from '@/app/_lib/session';
import { documentPath } from '@/app/_components/paths';

export const dynamic = 'force-dynamic';

/** Opening a share link: sign in first, then the link's role is granted and the document opens. */
export default async function ShareLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(`/l/${token}`)}`);
  let doc;
  try {
    doc = await redeemShareLink(getServices(), principal, token);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  redirect(documentPath(doc.kind, doc.id));
}
