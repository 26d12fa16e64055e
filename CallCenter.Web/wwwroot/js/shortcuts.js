// Alt+<letter> presses the visible, enabled button whose accesskey is that letter (次へ(N), 保存(S), 取り込む(I)).
// Chromium only acts on an accesskey from a character event; some keyboards, IMEs and remote terminals send Alt
// with no character at all (the key then does nothing: Alt+N on the worklist, issue 14), so the key is read from
// its physical position (event.code, KeyN) on keydown and the default is prevented, so the browser cannot press the
// button a second time. The focused field is blurred first: a text field sends its value on change, and the change
// must reach the server before the click does.
(() => {
    const visible = element => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    addEventListener("keydown", event => {
        if (!event.altKey || event.ctrlKey || event.metaKey || event.isComposing || !/^Key[A-Z]$/.test(event.code)) {
            return;
        }
        const letter = event.code.slice(3).toLowerCase();
        const target = [...document.querySelectorAll("[accesskey]")]
            .find(element => element.getAttribute("accesskey").toLowerCase() === letter && visible(element));
        if (!target) {
            return;
        }
        event.preventDefault();
        if (target.disabled || target.getAttribute("aria-disabled") === "true") {
            return;
        }
        if (document.activeElement instanceof HTMLElement && document.activeElement !== target) {
            document.activeElement.blur();
        }
        target.click();
    }, { capture: true });
})();
