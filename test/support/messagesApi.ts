import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in answers to one `POST /v1/messages`: plain text, or one tool call. */
export type Reply = { text: string } | { toolUse: { name: string; input: Record<string, unknown> } };

/** Decides the reply to a messages call (may wait: the session is mid-turn meanwhile). */
export type Responder = (req: RecordedRequest) => Reply | Promise<Reply>;

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body (undefined when there was none or it was not JSON). */
  body: any;
  raw: string;
  /** The `x-claude-code-session-id` header, when Claude Code sent one. */
  sessionId?: string;
  at: number;
}

export interface MessagesApi {
  /** `http://127.0.0.1:<port>`: the ANTHROPIC_BASE_URL for claude. */
  url: string;
  port: number;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Only the `POST /v1/messages` calls. */
  messages(): RecordedRequest[];
  /** Paths the stand-in does not know (answered harmlessly, kept for the report). */
  unknown: string[];
  /** Replaces how messages calls are answered (default: a short text that ends the turn). */
  respond: Responder;
  close(): Promise<void>;
}

export const DEFAULT_REPLY = 'OK from the stand-in.';

/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1: `POST /v1/messages` gets a streamed
 * (SSE) reply, by default a short text that ends the turn (see `respond`); count_tokens gets a
 * count; anything else gets an empty 200 (and its path is noted). Every request is recorded
 * with its parsed JSON body.
 */
export async function startMessagesApi(): Promise<MessagesApi> {
  const requests: RecordedRequest[] = [];
  const unknown: string[] = [];
  let counter = 0;
  const api = { respond: (() => ({ text: DEFAULT_REPLY })) as Responder };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const sid = req.headers['x-claude-code-session-id'];
      const rec: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        body,
        raw,
        sessionId: typeof sid === 'string' ? sid : undefined,
        at: Date.now(),
      };
      requests.push(rec);

      if (req.method === 'POST' && url.pathname === '/v1/messages') {
        let reply: Reply;
        try {
          reply = await api.respond(rec);
        } catch (e) {
          reply = { text: `stand-in responder failed: ${(e as Error).message}` };
        }
        const b = (body ?? {}) as { model?: string; stream?: boolean };
        const id = `msg_standin_${++counter}`;
        const model = b.model ?? 'claude-standin';
        const usage = {
          input_tokens: 10,
          output_tokens: 5,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        };
        const block =
          'toolUse' in reply
            ? { type: 'tool_use', id: `toolu_standin_${counter}`, name: reply.toolUse.name, input: reply.toolUse.input }
            : { type: 'text', text: reply.text };
        const stopReason = 'toolUse' in reply ? 'tool_use' : 'end_turn';
        if (b.stream === false) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id,
              type: 'message',
              role: 'assistant',
              model,
              content: [block],
              stop_reason: stopReason,
              stop_sequence: null,
              usage,
            }),
          );
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        send('message_start', {
          type: 'message_start',
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...usage, output_tokens: 1 },
          },
        });
        if (block.type === 'tool_use') {
          send('content_block_start', {
            type: 'content_block_start',
            index: 0,
            content_block: { ...block, input: {} },
          });
          send('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
          });
        } else {
          send('content_block_start', {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'text', text: '' },
          });
          send('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: block.text },
          });
        }
        send('content_block_stop', { type: 'content_block_stop', index: 0 });
        send('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: 5 },
        });
        send('message_stop', { type: 'message_stop' });
        res.end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: 10 }));
        return;
      }
      unknown.push(`${req.method} ${url.pathname}`);
      if (req.method === 'HEAD') {
        res.writeHead(200);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    unknown,
    get respond() {
      return api.respond;
    },
    set respond(r: Responder) {
      api.respond = r;
    },
    messages: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
