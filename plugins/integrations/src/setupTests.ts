import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI machines are small and shared: give async queries room before failing.
// A drawer test types ~60 keys, each a render: 8 s idle, past 30 s on a loaded 2-core machine.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(60_000);
