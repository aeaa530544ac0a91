/**
 * Protocol facts shared by the browser and the server. The first four message types are the
 * standard y-websocket ones; `Werkraum` is our extension, sent only to clients that asked for it.
 */
export const COLLAB_PATH = '/collab';

export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  Werkraum: 100,
} as const;

/** Sub-types inside a `Werkraum` message. */
export const WerkraumMessage = {
  /** client → server: "tell me when everything you received from me so far is stored" (+ seq) */
  SaveRequest: 0,
  /** server → client: every update received before SaveRequest seq is durably stored (+ seq) */
  Saved: 1,
} as const;

/**
 * Close codes. 4400–4499 mean "reconnecting will not help" to the stock y-websocket client,
 * which then stops retrying; the UI shows the reason.
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  MessageTooBig: 1009,
  InternalError: 1011,
  /**
   * An update was refused (it writes what only the server writes, or refers to content this
   * instance lacks). Nothing of it was applied; the client reconnects and resyncs.
   */
  UpdateRefused: 4100,
  MalformedMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  DocumentDeleted: 4410,
  /** The page was built before the server it talks to was upgraded: reload it (see isOlderBuild). */
  Outdated: 4426,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

/**
 * Close reasons the client tells apart. An update refused for row ownership cannot succeed on
 * retry: the client drops its unsynced local state and loads the server's.
 */
export const CloseReason = {
  RowOwned: 'row owned by another group',
  AccessRevoked: 'access revoked',
} as const;

export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCode) as CloseCodeName[]).find((k) => CloseCode[k] === code);
}

/**
 * The query parameter in which a page names the build it was made by. Build ids start with
 * their build time (`<ms since epoch>-<random>`, set in server/build.ts), so the server can
 * tell a page older than itself, which must reload, from a newer one: during a rolling upgrade
 * a new page may reach an instance not yet upgraded, and sending it back would only bounce.
 */
export const BUILD_PARAM = 'build';

/** True when build id `a` was made before build id `b`; ids of another form never are. */
export function isOlderBuild(a: string, b: string): boolean {
  const time = (id: string) => (/^\d{13}-/.test(id) ? Number(id.slice(0, 13)) : NaN);
  return time(a) < time(b);
}

/** Document ids are random URL-safe strings; anything else is refused before touching storage. */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isDocId(value: string): boolean {
  return DOC_ID_PATTERN.test(value);
}
