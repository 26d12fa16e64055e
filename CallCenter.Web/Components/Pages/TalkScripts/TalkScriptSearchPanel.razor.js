// The call form's script and FAQ panel: Alt+H (physical key H, as shortcuts.js reads keys) or the button opens it and
// focuses its search box; Escape (or 閉じる) closes it and puts the focus back on the field the operator was in, so what
// they were typing in the call form is where they left it. Open/closed is a class set here, never by the server.
export function bindScriptSearch(panel) {
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
    const onFocusIn = event => {
        if (!panel.contains(event.target) && !(event.target instanceof Element && event.target.closest('[data-script-open]'))) {
            lastFocus = event.target;
        }
    };
    const onKeyDown = event => {
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
        if (!(event.target instanceof Element)) {
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
    return {
        dispose: () => {
            document.removeEventListener('focusin', onFocusIn, true);
            document.removeEventListener('keydown', onKeyDown, true);
            document.removeEventListener('click', onClick, true);
        },
    };
}
