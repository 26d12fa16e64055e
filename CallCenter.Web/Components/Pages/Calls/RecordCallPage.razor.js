// Ctrl+Enter (or Cmd+Enter) anywhere in the call form presses 保存. The focused field is blurred first: a
// text field sends its value on change, and the change must reach the server before the click does.
export function bindSaveShortcut(form) {
    const onKeyDown = event => {
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
    return { dispose: () => form.removeEventListener('keydown', onKeyDown) };
}
