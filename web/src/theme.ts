import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Shade 9 for filled buttons and links keeps text contrast above 4.5:1 (WCAG AA); system
 * fonts only (the CSP allows no external fonts), with Arabic and Chinese fallbacks.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 9,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", Tahoma, Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'sm',
  colors: {},
});

/** Dimmed text (descriptions, hints) and field errors dark enough for 4.5:1 on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-placeholder': '#5c636a', '--mantine-color-error': '#c92a2a' },
  dark: {},
});
