/** Makes a `switch` exhaustive at compile time, and fails loudly if an unexpected value arrives at run time. */
export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};
