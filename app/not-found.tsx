import { MainContent } from '@/components/ui/main-content';
import { NotFoundMessage } from '@/components/ui/not-found-message';

// A URL that matches no page: the root layout alone, so this page brings its own <main>.
export default function NotFound() {
  return (
    <MainContent className="block">
      <NotFoundMessage />
    </MainContent>
  );
}
