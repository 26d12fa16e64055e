// The call form's timer: shows mm:ss since the form opened, counted by the browser (no server render per second).
// elapsedMs is what the server saw when the timer was bound, so the browser's own clock offset does not matter.
export function startCallTimer(element, elapsedMs) {
    const origin = performance.now() - elapsedMs;
    const text = element.querySelector('[data-timer-text]');
    const pad = n => String(n).padStart(2, '0');
    const show = () => {
        const seconds = Math.max(0, Math.floor((performance.now() - origin) / 1000));
        text.textContent = `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
    };
    show();
    const interval = setInterval(show, 1000);
    return { dispose: () => clearInterval(interval) };
}
