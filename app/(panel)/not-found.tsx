import { NotFoundMessage } from '@/components/ui/not-found-message';

// A panel page's row that does not exist or is not the actor's (notFound()): shown inside the panel
// layout, whose <main> it is in, so no <main> of its own (one landmark per page).
export default function PanelNotFound() {
  return <NotFoundMessage />;
}
