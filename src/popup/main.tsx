import { render } from 'preact';
import { App } from './App';
import './styles.css';

performance.mark('keydeck:start');
render(<App />, document.getElementById('app')!);
