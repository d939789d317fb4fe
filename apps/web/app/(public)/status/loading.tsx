import { LoadingState } from '@/components/loading-state';

// Loading boundaries sit below any page that may redirect() or notFound(): once
// a boundary streams its fallback the status is sent, and a 404 would go out as 200.
export default function StatusLoading() {
  return <LoadingState />;
}
