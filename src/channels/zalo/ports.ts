/** The storage the Zalo channel needs; the Redis store (`src/store`, `redis/zalo.ts`) implements it. */

/** Where the OA token pair lives: one JSON text (tokens.ts seals the tokens and checks the shape). */
export interface ZaloTokenStore {
  /** The stored record's JSON text; undefined when none is stored. */
  get(): Promise<string | undefined>;
  /** Replaces the record. */
  set(json: string): Promise<void>;
  /** Stores the record only when none is stored (seeding). */
  setIfAbsent(json: string): Promise<void>;
  /**
   * Runs `fn` while no other caller, in any bot instance, runs a refresh (the refresh token is
   * single-use). Fails with the AppError code `USER_BUSY` when the lock stays busy too long.
   */
  whileRefreshing<T>(fn: () => Promise<T>): Promise<T>;
}

/** How the bot can reach a Zalo user later, by the user's pseudonymous key. */
export interface ZaloContactStore {
  /** (Re)stores the sealed address with the interaction time, clears an undeliverable mark, and lets it live `ttlSeconds`. */
  touch(userKey: string, sealedAddress: string, at: Date, ttlSeconds: number): Promise<void>;
  /** Forgets the contact. */
  forget(userKey: string): Promise<void>;
  /** Marks an existing contact undeliverable (Zalo's error `code`); nothing when there is no contact. */
  markUndeliverable(userKey: string, code: string, at: Date): Promise<void>;
}
