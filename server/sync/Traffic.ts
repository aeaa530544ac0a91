/**
 * WebSocket traffic of one registry, as plain counts. The metrics read them when scraped: a
 * Prometheus counter update per message sent was measurable on the relay path, where one
 * keystroke in a room of 50 is 49 sends.
 */
export class Traffic {
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
}
