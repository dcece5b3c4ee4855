// Argument handling as iproute2 does it (lib/utils.c): keywords match by
// prefix ("sh" is "show"), arguments are taken one by one, and the errors
// are worded and numbered as ip's: exit status 255 for bad usage (ip's
// exit(-1)), 1 for "does not exist", 2 for the kernel's refusals.

/** iproute2's matches(): true when `arg` is a non-empty prefix of `keyword`. */
export function matches(arg: string | undefined, keyword: string): boolean {
  return arg !== undefined && arg.length > 0 && keyword.startsWith(arg);
}

/**
 * An error the CLI prints as it stands, then exits with `status`. `exits`:
 * ip calls exit() here rather than return from the command, so a -batch
 * ends at once, without "Command failed" (by default the 255s: ip's
 * exit(-1) from invarg(), duparg(), usage()).
 */
export class CliError extends Error {
  readonly status: number;
  readonly exits: boolean;
  constructor(message: string, status = 255, exits = status === 255) {
    super(message);
    this.name = 'CliError';
    this.status = status;
    this.exits = exits;
  }
}

/** ip's incomplete_command(). */
export const incomplete = () => new CliError('Command line is not complete. Try option "help"');

/** ip's invarg(): Error: argument "ARG" is wrong: MSG */
export const invarg = (msg: string, arg: string) => new CliError(`Error: argument "${arg}" is wrong: ${msg}`);

/** ip's duparg(): Error: duplicate "KEY": "ARG" is the second value. */
export const duparg = (key: string, arg: string) => new CliError(`Error: duplicate "${key}": "${arg}" is the second value.`);

/** ip's duparg2(): Error: either "KEY" is duplicate, or "ARG" is a garbage. */
export const duparg2 = (key: string, arg: string) => new CliError(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.`);

/** A cursor over a command's arguments, with ip's NEXT_ARG(). */
export class Args {
  private i = 0;
  constructor(private readonly argv: readonly string[]) {}

  get done(): boolean {
    return this.i >= this.argv.length;
  }
  /** The current argument, not consumed. */
  peek(): string | undefined {
    return this.argv[this.i];
  }
  /** Take the current argument. */
  take(): string {
    if (this.done) throw incomplete();
    return this.argv[this.i++]!;
  }
  /** NEXT_ARG(): the value that must follow a keyword. */
  value(): string {
    return this.take();
  }
  /** The rest, consumed. */
  rest(): string[] {
    const r = this.argv.slice(this.i);
    this.i = this.argv.length;
    return r;
  }
}
