/** The pgpass module (node-postgres's own reader of ~/.pgpass and PGPASSFILE): it has no types of its own. */
declare module 'pgpass' {
  interface ConnectionInfo {
    host?: string;
    port?: number | string;
    database?: string;
    user?: string;
  }
  function pgpass(info: ConnectionInfo, found: (password: string | undefined) => void): void;
  namespace pgpass {
    /** Where its warnings (a password file others can read, not a plain file) are written. */
    function warnTo(stream: NodeJS.WritableStream): NodeJS.WritableStream;
  }
  export default pgpass;
}
