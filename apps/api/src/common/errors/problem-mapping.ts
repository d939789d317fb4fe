export interface ProblemMapping {
  status: number;
  title: string;
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}
