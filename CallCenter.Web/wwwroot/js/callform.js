// The call form's browser side, loaded once by App.razor: its keys, its timer and the script and FAQ panel. Each is
// bound by one call from the server (callForm.bindSaveShortcut, callForm.startCallTimer, callForm.bindScriptSearch),
// with no module to import and no object to dispose: a binding lives on its element and ends with it (listeners on a
// removed element go with it; the timer and the panel's listeners on the document stop themselves once their element
// has left the page). As modules, each form opened and closed cost the circuit six round trips more (issue 15).
(() => {
    // Ctrl+Enter (or Cmd+Enter) anywhere in the call form presses 保存. The focused field is blurred first: a
    // text field sends its value on change, and the change must reach the server before the click does.
    // Alt+Y moves to the 要件 row (the chosen code, else the first); there a digit 1–9 picks the code it labels.
    function bindSaveShortcut(form) {
        if (form.dataset.shortcuts === 'bound') {
            return;
        }
        const onKeyDown = event => {
            if (wrapUpKey(form, event)) {
                return;
            }
            if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.isComposing) {
                return;
            }
            event.preventDefault();
            const button = form.querySelector('[data-save-button]');
            if (document.activeElement instanceof HTMLElement && form.contains(document.activeElement)) {
                document.activeElement.blur();
            }
            if (button && !button.disabled) {
                button.click();
            }
        };
        form.addEventListener('keydown', onKeyDown);
        // The keys work from here on (browser tests wait for it: a key pressed before this reaches no handler).
        form.dataset.shortcuts = 'bound';
    }

    function wrapUpKey(form, event) {
        const row = form.querySelector('[data-wrap-up]');
        if (!row || event.isComposing) {
            return false;
        }
        const options = [...row.querySelectorAll('input[type=radio]')];
        if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyY') {
            event.preventDefault();
            (options.find(o => o.checked) ?? options[0])?.focus();
            return true;
        }
        const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : 0;
        if (digit && !event.altKey && !event.ctrlKey && !event.metaKey && row.contains(event.target)) {
            const option = options[digit - 1];
            if (option) {
                event.preventDefault();
                option.focus();
                option.click();
            }
            return true;
        }
        return false;
    }

    // The call form's timer: shows mm:ss since the form opened, counted by the browser (no server render per second).
    // elapsedMs is what the server saw when the timer was bound, so the browser's own clock offset does not matter.
    function startCallTimer(element, elapsedMs) {
        const origin = performance.now() - elapsedMs;
        const text = element.querySelector('[data-timer-text]');
        const pad = n => String(n).padStart(2, '0');
        const show = () => {
            const seconds = Math.max(0, Math.floor((performance.now() - origin) / 1000));
            text.textContent = `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
        };
        show();
        const interval = setInterval(() => {
            if (!element.isConnected) {
                clearInterval(interval);
                return;
            }
            show();
        }, 1000);
    }

    // The call form's script and FAQ panel: Alt+H (physical key H, as shortcuts.js reads keys) or the button opens it and
    // focuses its search box; Escape (or 閉じる) closes it and puts the focus back on the field the operator was in, so what
    // they were typing in the call form is where they left it. Open/closed is a class set here, never by the server.
    function bindScriptSearch(panel) {
        let lastFocus = null;
        const isOpen = () => panel.classList.contains('open');
        const open = () => {
            panel.classList.add('open');
            const input = panel.querySelector('[data-script-query] input, input[data-script-query]') ?? panel.querySelector('input');
            if (input) {
                input.focus();
                input.select();
            }
        };
        const close = () => {
            panel.classList.remove('open');
            if (lastFocus && lastFocus.isConnected) {
                lastFocus.focus();
            }
        };
        // The panel left the page (the form closed): its listeners on the document go at the next event.
        const gone = () => {
            if (panel.isConnected) {
                return false;
            }
            document.removeEventListener('focusin', onFocusIn, true);
            document.removeEventListener('keydown', onKeyDown, true);
            document.removeEventListener('click', onClick, true);
            return true;
        };
        const onFocusIn = event => {
            if (gone()) {
                return;
            }
            if (!panel.contains(event.target) && !(event.target instanceof Element && event.target.closest('[data-script-open]'))) {
                lastFocus = event.target;
            }
        };
        const onKeyDown = event => {
            if (gone()) {
                return;
            }
            if (event.altKey && !event.ctrlKey && !event.metaKey && !event.isComposing && event.code === 'KeyH') {
                event.preventDefault();
                open();
                return;
            }
            // Anywhere: after a result is opened the focus may have fallen to the page (the list it was on is gone).
            if (event.key === 'Escape' && isOpen() && !event.isComposing) {
                event.preventDefault();
                event.stopPropagation();
                close();
            }
        };
        const onClick = event => {
            if (gone() || !(event.target instanceof Element)) {
                return;
            }
            if (event.target.closest('[data-script-open]')) {
                open();
            } else if (event.target.closest('[data-script-close]') && panel.contains(event.target)) {
                close();
            }
        };
        if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) {
            lastFocus = document.activeElement;
        }
        document.addEventListener('focusin', onFocusIn, true);
        document.addEventListener('keydown', onKeyDown, true);
        document.addEventListener('click', onClick, true);
    }

    window.callForm = { bindSaveShortcut, startCallTimer, bindScriptSearch };
})();
