/** Signed-in HTTP calls against an in-process app (fastify.inject): cookie and CSRF handled. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface Caller {
  name: string;
  cookie: string | null;
  csrf: string | null;
  call(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signIn(app: FastifyInstance, login: string, password: string): Promise<Caller> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'xinyi_session')!;
  return caller(app, login, `xinyi_session=${cookie.value}`, res.json().csrfToken);
}

export function anonymous(app: FastifyInstance): Caller {
  return caller(app, 'anonymous', null, null);
}

function caller(app: FastifyInstance, name: string, cookie: string | null, csrf: string | null): Caller {
  return {
    name,
    cookie,
    csrf,
    call(opts) {
      const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
      if (cookie) headers.cookie = cookie;
      if (csrf && opts.method && opts.method !== 'GET') headers['x-csrf-token'] = csrf;
      return app.inject({ ...opts, headers });
    },
  };
}

/** A multipart body with one file field, for inject. */
export function multipartFile(field: string, filename: string, data: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----xinyi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
