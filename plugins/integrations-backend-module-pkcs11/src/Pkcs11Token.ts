import { LoggerService } from '@backstage/backend-plugin-api';
import * as pkcs11js from 'pkcs11js';
import { describeToken, Pkcs11Settings } from './config';

/** The token cannot be reached or used now (absent, refused the login, erroring). */
export class TokenUnavailableError extends Error {
  name = 'TokenUnavailableError';
}

/** The token answers but holds no AES key with the label asked for. */
export class KeyNotOnTokenError extends Error {
  name = 'KeyNotOnTokenError';
}

/** One operation with a key: runs on the one session, never beside another. */
type KeyOperation<T> = (
  lib: pkcs11js.PKCS11,
  session: Buffer,
  key: Buffer,
) => Promise<T>;

interface Connection {
  session: Buffer;
  keys: Map<string, Buffer>;
}

// A wrong PIN is not retried: tokens lock the user PIN after a few attempts.
const PIN_REFUSED = new Set([
  pkcs11js.CKR_PIN_INCORRECT,
  pkcs11js.CKR_PIN_INVALID,
  pkcs11js.CKR_PIN_LEN_RANGE,
  pkcs11js.CKR_PIN_EXPIRED,
  pkcs11js.CKR_PIN_LOCKED,
]);

/** The PKCS#11 return value's name (CKR_...), or the error's own message; never key material. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}

function isPkcs11Error(error: unknown): error is pkcs11js.Pkcs11Error {
  return error instanceof Error && typeof (error as any).code === 'number';
}

function slotNumber(slot: Buffer): number {
  return slot.length >= 8
    ? Number(slot.readBigUInt64LE(0))
    : slot.readUInt32LE(0);
}

/**
 * The PKCS#11 library, one session on the token and one login. Operations run
 * one at a time (a session holds one operation). When the session fails
 * (handle invalid, token removed, device error) it is dropped and the
 * library, token, session and login are found again once, at most every
 * `reconnectIntervalMs`.
 */
export class Pkcs11Token {
  private readonly lib = new pkcs11js.PKCS11();
  private readonly name: string;
  private initialized = false;
  private connection: Connection | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastFailure: TokenUnavailableError | undefined;
  private retryAt = 0;
  private pinRefused: TokenUnavailableError | undefined;
  private closed = false;

  constructor(
    private readonly settings: Pkcs11Settings,
    private readonly logger?: LoggerService,
  ) {
    this.name = describeToken(settings.token);
    try {
      this.lib.load(settings.libraryPath);
    } catch (error) {
      throw new Error(
        `Integrations: the PKCS#11 library ${
          settings.libraryPath
        } (integrationsHub.encryption.pkcs11.libraryPath) does not load: ${describeFailure(
          error,
        )}`,
      );
    }
  }

  /** Runs `op` with the key labelled `keyLabel`, after every operation queued before it. */
  use<T>(keyLabel: string, op: KeyOperation<T>): Promise<T> {
    const run = this.queue.then(() => this.useNow(keyLabel, op));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Logs out and lets go of the library; later calls fail. */
  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    this.disconnect();
    this.finalize();
    try {
      this.lib.close();
    } catch {
      // Already closed.
    }
  }

  private async useNow<T>(keyLabel: string, op: KeyOperation<T>): Promise<T> {
    if (this.closed) {
      throw new TokenUnavailableError(`${this.name}: the provider was closed`);
    }
    const current = this.connection;
    if (current) {
      try {
        return await this.attempt(current, keyLabel, op);
      } catch (error) {
        if (!isPkcs11Error(error) && !(error instanceof KeyNotOnTokenError)) {
          throw error;
        }
        // A stale session: try once more on a fresh one before answering.
        this.logger?.warn(
          `${this.name}: session failed (${describeFailure(
            error,
          )}); reconnecting`,
        );
        this.disconnect();
      }
    }
    const fresh = this.connect();
    try {
      return await this.attempt(fresh, keyLabel, op);
    } catch (error) {
      if (!isPkcs11Error(error)) throw error;
      this.disconnect();
      throw new TokenUnavailableError(
        `${this.name}: ${describeFailure(error)}`,
      );
    }
  }

  private async attempt<T>(
    connection: Connection,
    keyLabel: string,
    op: KeyOperation<T>,
  ): Promise<T> {
    const key = this.findKey(connection, keyLabel);
    return op(this.lib, connection.session, key);
  }

  private connect(): Connection {
    if (this.pinRefused) throw this.pinRefused;
    if (this.lastFailure && Date.now() < this.retryAt) throw this.lastFailure;
    try {
      // Finding the token again needs a fresh library state: some libraries
      // (SoftHSM) list tokens only when initialised.
      this.finalize();
      this.initialize();
      const slot = this.findSlot();
      const session = this.lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      this.connection = { session, keys: new Map() };
      this.login(session);
      if (this.lastFailure) {
        this.logger?.info(`${this.name}: available again`);
      }
      this.lastFailure = undefined;
      return this.connection;
    } catch (error) {
      this.disconnect();
      const failure =
        error instanceof TokenUnavailableError
          ? error
          : new TokenUnavailableError(
              `${this.name}: ${describeFailure(error)}`,
            );
      if (!this.lastFailure) {
        this.logger?.warn(
          `${failure.message}; data keys not in memory cannot be unwrapped until it is back`,
        );
      }
      this.lastFailure = failure;
      this.retryAt = Date.now() + this.settings.reconnectIntervalMs;
      throw failure;
    }
  }

  private login(session: Buffer) {
    try {
      this.lib.C_Login(session, pkcs11js.CKU_USER, this.settings.pin);
    } catch (error) {
      if (
        isPkcs11Error(error) &&
        error.code === pkcs11js.CKR_USER_ALREADY_LOGGED_IN
      ) {
        return;
      }
      if (isPkcs11Error(error) && PIN_REFUSED.has(error.code)) {
        this.pinRefused = new TokenUnavailableError(
          `${this.name} refused the PIN (${describeFailure(
            error,
          )}): fix integrationsHub.encryption.pkcs11.pin and restart; not retried, so the token does not lock`,
        );
        this.logger?.error(this.pinRefused.message);
        throw this.pinRefused;
      }
      throw error;
    }
  }

  private findSlot(): Buffer {
    const token = this.settings.token;
    for (const slot of this.lib.C_GetSlotList(true)) {
      if ('slotId' in token) {
        if (slotNumber(slot) === token.slotId) return slot;
      } else if (
        this.lib.C_GetTokenInfo(slot).label.trim() === token.tokenLabel
      ) {
        return slot;
      }
    }
    throw new TokenUnavailableError(`${this.name} is not present`);
  }

  private findKey(connection: Connection, label: string): Buffer {
    const known = connection.keys.get(label);
    if (known) return known;
    this.lib.C_FindObjectsInit(connection.session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    let found: Buffer[];
    try {
      found = this.lib.C_FindObjects(connection.session, 2);
    } finally {
      this.lib.C_FindObjectsFinal(connection.session);
    }
    if (found.length === 0) {
      throw new KeyNotOnTokenError(
        `${this.name} holds no AES key labelled "${label}"`,
      );
    }
    if (found.length > 1) {
      throw new Error(
        `${this.name} holds more than one AES key labelled "${label}": labels must name one key`,
      );
    }
    connection.keys.set(label, found[0]);
    return found[0];
  }

  private initialize() {
    try {
      this.lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      if (
        !isPkcs11Error(error) ||
        error.code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED
      ) {
        throw error;
      }
    }
    this.initialized = true;
  }

  private finalize() {
    if (!this.initialized) return;
    this.initialized = false;
    try {
      this.lib.C_Finalize();
    } catch {
      // A library that lost its token may refuse; it is initialised again next.
    }
  }

  private disconnect() {
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    try {
      this.lib.C_Logout(connection.session);
    } catch {
      // Logged out already, or the session is gone.
    }
    try {
      this.lib.C_CloseSession(connection.session);
    } catch {
      // The session is gone with its token.
    }
  }
}
