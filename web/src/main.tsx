import '@mantine/core/styles.css';
import './app.css';
import './i18n.ts';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(<App />);
