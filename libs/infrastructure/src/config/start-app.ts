/** Runs an app's start-up; a failure is reported in one line on stderr and ends the process with exit code 1. */
export const startApp = (appName: string, start: () => Promise<void>): void => {
  start().catch((error: unknown) => {
    process.stderr.write(`${appName} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
};
