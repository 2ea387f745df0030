'use client';
/**
 * The server's boot time in wall-clock ms, to show trace timestamps as
 * times of day on pages that poll the JSON API: only the WebSocket's
 * hello carries it, so this reads one hello and closes the socket.
 */
import { useEffect, useState } from 'react';
import { parseMessage, serverMessageSchema } from '../../protocol/messages';

export function useBootClock(): number | null {
  const [bootWallMs, setBootWallMs] = useState<number | null>(null);
  useEffect(() => {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`);
    socket.onmessage = (e: MessageEvent) => {
      const msg = typeof e.data === 'string' ? parseMessage(serverMessageSchema, e.data) : null;
      if (msg?.ok && msg.value.type === 'hello') {
        setBootWallMs(msg.value.bootWallMs);
        socket.close(1000, 'read the boot time');
      }
    };
    // Without it the times show as seconds since boot only.
    return () => socket.close(1000, 'page closed');
  }, []);
  return bootWallMs;
}
