// Ctrl+Enter (or Cmd+Enter) anywhere in the call form presses 保存. The focused field is blurred first: a
// text field sends its value on change, and the change must reach the server before the click does.
// Alt+Y moves to the 要件 row (the chosen code, else the first); there a digit 1–9 picks the code it labels.
export function bindSaveShortcut(form) {
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
    return {
        dispose: () => {
            form.removeEventListener('keydown', onKeyDown);
            delete form.dataset.shortcuts;
        }
    };
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
