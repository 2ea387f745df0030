'use client';
import { useState } from 'react';

/** The least a client page of this stack is: one piece of state, one button. */
export default function Page() {
  const [clicks, setClicks] = useState(0);
  return (
    <main>
      <h1>Next.js floor</h1>
      <button type="button" onClick={() => setClicks(clicks + 1)}>
        clicked {clicks}
      </button>
    </main>
  );
}
