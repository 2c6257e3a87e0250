import { render } from 'preact';
import browser from 'webextension-polyfill';
import { ApiContext, createApi } from './api';
import { App } from './App';
import './styles.css';

performance.mark('keydeck:start');

render(
  <ApiContext.Provider value={createApi(browser)}>
    <App />
  </ApiContext.Provider>,
  document.getElementById('app')!,
);
