import { createApiToken } from "@/server/auth/api-tokens";
import { createUser, type Role } from "@/server/users/users";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";

let n = 0;

/** A real user with a real API token: `headers` authenticate HTTP calls, `caller` tRPC calls. */
export async function makeUser(role: Role = "user") {
  n += 1;
  const email = `${role}${n}-${Date.now()}@example.test`;
  const user = await createUser({ email, name: `${role} ${n}`, password: "correct horse battery", role });
  const { token } = await createApiToken({ userId: user.id, name: "test" });
  const headers = new Headers({ authorization: `Bearer ${token}` });
  const caller = createCaller(await createContext({ headers }));
  return { user, token, headers, caller };
}

export async function anonymousCaller() {
  return createCaller(await createContext({ headers: new Headers() }));
}
