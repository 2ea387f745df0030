/** The UI is a static export served by the backend itself: one origin for
 *  pages, API and WebSocket, and no Next.js server running as root. */
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  images: { unoptimized: true },
  reactStrictMode: true,
};

export default nextConfig;
