// Idle sign-out for shared terminals. Only real input (keys, clicks, touches) counts as activity: while the
// user works, the session is kept alive with a small request; after the idle timeout without input the page
// goes to /account/idle (leaving the page ends its Blazor circuit), whose form this script posts at once: only that
// POST, with its antiforgery token, signs out. The server enforces the same timeout on its own, so a closed or
// frozen tab cannot keep a session open.
(() => {
    const idleForm = document.querySelector("form[data-idle-sign-out]");
    if (idleForm) {
        idleForm.submit();
        return;
    }
    const script = document.currentScript;
    if (!script || script.dataset.signedIn !== "true") {
        return;
    }
    const idleMs = Number(script.dataset.idleSeconds) * 1000;
    const checkMs = Math.min(30000, Math.max(500, idleMs / 6));
    let lastInput = Date.now();
    let lastPing = lastInput;
    for (const type of ["keydown", "mousedown", "pointerdown", "touchstart", "wheel"]) {
        addEventListener(type, () => { lastInput = Date.now(); }, { passive: true, capture: true });
    }
    const idle = () => location.assign("/account/idle");
    setInterval(() => {
        const now = Date.now();
        if (now - lastInput >= idleMs) {
            idle();
            return;
        }
        if (lastInput > lastPing) {
            lastPing = now;
            fetch("/account/keep-alive", { method: "POST", credentials: "same-origin", cache: "no-store" })
                .then(response => { if (response.redirected || response.status === 401) { idle(); } })
                .catch(() => { });
        }
    }, checkMs);
})();
