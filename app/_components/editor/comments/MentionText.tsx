import type { Mention } from '@/lib/comments/model';

/** A comment's text with the people it mentions highlighted. */
export function MentionText({ body, mentions }: { body: string; mentions: Mention[] }) {
  const names = mentions.map((m) => `@${m.name}`).sort((a, b) => b.length - a.length);
  if (!names.length) return <>{body}</>;
  const pattern = new RegExp(`(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  return (
    <>
      {body.split(pattern).map((part, i) => (names.includes(part) ? <mark key={i} className="mention">{part}</mark> : part))}
    </>
  );
}
