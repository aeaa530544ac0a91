/** Administrator-entered plain text: blank lines separate paragraphs, line breaks are kept. */
export function LegalText({ text }: { text: string }) {
  return (
    <div className="legal-text">
      {text.split(/\n\s*\n/).map((para, i) => (
        <p key={i}>
          {para.split('\n').map((line, j) => (
            <span key={j}>
              {j > 0 && <br />}
              {line}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}
