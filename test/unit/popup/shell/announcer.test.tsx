import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AnnouncerProvider, TOAST_MS, useAnnounce, type Announce } from '../../../../src/popup/shell/announcer';

const containers: HTMLElement[] = [];
/** Rendered on its own (the shared test render already wraps everything in an announcer). */
function mount(ui: ComponentChildren) {
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  act(() => render(ui, container));
  return { container };
}

afterEach(() => {
  for (const container of containers.splice(0)) {
    act(() => render(null, container));
    container.remove();
  }
  vi.useRealTimers();
});

function renderAnnouncer() {
  let announce!: Announce;
  function Speaker() {
    announce = useAnnounce();
    return <p>content</p>;
  }
  const { container } = mount(
    <AnnouncerProvider>
      <Speaker />
    </AnnouncerProvider>,
  );
  const live = () => container.querySelector('[role="status"][aria-live="polite"]')!;
  const toast = () => container.querySelector('.toast');
  return { container, live, toast, say: (...args: Parameters<Announce>) => act(() => announce(...args)) };
}

describe('the announcer', () => {
  test('the live region is there, empty, before anything is said', () => {
    const { live, toast } = renderAnnouncer();
    expect(live()).not.toBeNull();
    expect(live().textContent).toBe('');
    expect(toast()).toBeNull();
  });

  test('says a text in the live region and shows it as a toast hidden from screen readers', () => {
    const { live, toast, say } = renderAnnouncer();
    say('Key copied.');
    expect(live().textContent).toBe('Key copied.');
    expect(toast()!.textContent).toBe('Key copied.');
    expect(toast()!.getAttribute('aria-hidden')).toBe('true');
  });

  test('the same text said twice is a new node, so it is read again', () => {
    const { live, say } = renderAnnouncer();
    say('Key copied.');
    const first = live().firstElementChild;
    say('Key copied.');
    expect(live().textContent).toBe('Key copied.');
    expect(live().firstElementChild).not.toBe(first);
  });

  test('the toast goes away by itself, the next one gets its full time', () => {
    vi.useFakeTimers();
    const { toast, say } = renderAnnouncer();
    say('one');
    act(() => void vi.advanceTimersByTime(TOAST_MS - 1000));
    say('two');
    act(() => void vi.advanceTimersByTime(TOAST_MS - 1000));
    expect(toast()!.textContent).toBe('two');
    act(() => void vi.advanceTimersByTime(1000));
    expect(toast()).toBeNull();
  });

  test('screen-reader only: no toast; an error toast is marked as one', () => {
    const { live, toast, say } = renderAnnouncer();
    say('Name is required.', { toast: false });
    expect(live().textContent).toBe('Name is required.');
    expect(toast()).toBeNull();
    say('Could not copy.', { tone: 'error' });
    expect(toast()!.classList.contains('error')).toBe(true);
  });

  test('outside the provider it throws, naming the provider', () => {
    function Lonely() {
      useAnnounce();
      return null;
    }
    expect(() => mount(<Lonely />)).toThrow(/AnnouncerProvider/);
  });
});
