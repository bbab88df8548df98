import { z } from "zod";
import type { DbTransport } from "./transport.js";

const SpentSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("signed_in"), email: z.string().nullable() }),
  z.object({ outcome: z.literal("used") }),
  z.object({ outcome: z.literal("unknown_user") }),
]);
export type SpentSignInLink = z.output<typeof SpentSchema>;

export interface SignInQueries {
  /** Spends a local sign-in link (its jti) once: the user's email the first time, `used` after. */
  spendSignInLink(link: { jti: string; userId: string; expiresAt: Date }): Promise<SpentSignInLink>;
}

export function signInQueries(transport: DbTransport): SignInQueries {
  return {
    async spendSignInLink({ jti, userId, expiresAt }) {
      return SpentSchema.parse(
        await transport.value("spend_sign_in_link", [
          { name: "p_jti", type: "text", value: jti },
          { name: "p_user_id", type: "uuid", value: userId },
          { name: "p_expires_at", type: "timestamptz", value: expiresAt.toISOString() },
        ]),
      );
    },
  };
}
