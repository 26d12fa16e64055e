// The operator's search box (SearchBox.razor) sends the server one event per search instead of two per keystroke:
// the browser waits out the pause in typing and raises `searchtext` with the box's text, and raises `searchkey` only
// for the four keys the box answers (↑ ↓ to move, Enter to open, Esc to clear). A key pressed while an IME is
// composing belongs to the IME (Enter confirms the conversion) and is left alone.
// A click anywhere on a result row opens the person through the row's own link (SearchResultList.razor), so the browser
// navigates as for any link: the server hears the new address once, not a click event first and a navigation after.
(() => {
    const keys = new Set(["ArrowUp", "ArrowDown", "Enter", "Escape"]);
    const timers = new WeakMap();
    const boxOf = target => target instanceof HTMLInputElement ? target.closest("[data-search-box]") : null;
    const send = (input, name, detail) => input.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
    const cancel = input => {
        clearTimeout(timers.get(input));
        timers.delete(input);
    };
    const schedule = event => {
        const box = boxOf(event.target);
        if (!box) {
            return;
        }
        const input = event.target;
        cancel(input);
        timers.set(input, setTimeout(() => {
            timers.delete(input);
            send(input, "searchtext", { value: input.value });
        }, Number(box.dataset.searchDelay) || 250));
    };
    addEventListener("input", schedule, { capture: true });
    addEventListener("compositionend", schedule, { capture: true });
    addEventListener("keydown", event => {
        if (!boxOf(event.target) || !keys.has(event.key) || event.isComposing || event.keyCode === 229
            || event.altKey || event.ctrlKey || event.metaKey) {
            return;
        }
        const input = event.target;
        event.preventDefault();
        cancel(input);
        if (event.key === "Escape") {
            input.value = "";
        }
        send(input, "searchkey", { key: event.key, value: input.value });
    }, { capture: true });
    addEventListener("click", event => {
        const row = event.target instanceof Element ? event.target.closest("[data-testid=search-results] tr.result-row") : null;
        if (!row || event.target.closest("a") || event.defaultPrevented || event.button !== 0) {
            return;
        }
        row.querySelector("a.name")?.click();
    });
    Blazor.registerCustomEventType("searchtext", { createEventArgs: event => ({ value: event.detail.value }) });
    Blazor.registerCustomEventType("searchkey", { createEventArgs: event => ({ key: event.detail.key, value: event.detail.value }) });
})();
