// Server-side data loading shared by the analytics pages: each needs the
// caller's supply chain (for its slice filters) and its own analytics call,
// fetched together; a failure of either becomes one message for ErrorState.
import { type SupplyChain } from '@/components/money/shared';
import { unwrap, type WaymarkClient } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';

export async function loadWithChain<T>(
  load: (client: WaymarkClient) => Promise<T>,
): Promise<{ chain: SupplyChain; result: T } | { error: string }> {
  const client = await createServerClient();
  try {
    const [chain, result] = await Promise.all([
      client.GET('/supply-chain').then(unwrap),
      load(client),
    ]);
    return { chain, result };
  } catch (error) {
    return { error: describeError(error) };
  }
}
