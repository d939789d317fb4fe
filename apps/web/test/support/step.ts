// A walk through the portal is one test — its steps build on each other (the
// referral the prime accepts is the one the partner uploaded), so they must not
// be separate tests that pass only in file order. `step` keeps the story
// readable and names the step a failure happened in.
export async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof Error) error.message = `step "${name}": ${error.message}`;
    throw error;
  }
}
