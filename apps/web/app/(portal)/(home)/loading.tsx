import { LoadingState } from '@/components/loading-state';

// Scoped to the home page: section pages call notFound() and need a real 404
// status, which a loading boundary above them would already have sent as 200.
export default function HomeLoading() {
  return <LoadingState />;
}
